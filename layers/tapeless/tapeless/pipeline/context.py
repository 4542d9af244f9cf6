"""Everything a pipeline stage needs, built once per container and passed in."""

from dataclasses import dataclass
from functools import cached_property

from tapeless.captures import keys
from tapeless.captures.lifecycle import CaptureService
from tapeless.config import Settings
from tapeless.store.clients import AwsClients
from tapeless.store.models import bind_models
from tapeless.store.objects import ObjectStore


@dataclass
class PipelineContext:
    settings: Settings
    clients: AwsClients

    @classmethod
    def from_env(cls) -> "PipelineContext":
        settings = Settings.from_env()
        bind_models(settings)
        return cls(settings=settings, clients=AwsClients(settings))

    @cached_property
    def captures(self) -> CaptureService:
        return CaptureService(self.settings, self.clients)

    @cached_property
    def objects(self) -> ObjectStore:
        return ObjectStore(self.clients.s3)

    # Work files: a stage's output that the next stages read (kept out of the state payload).
    def put_work(self, user_id: str, capture_id: str, name: str, document: dict) -> str:
        key = keys.work_prefix(user_id, capture_id) + name
        self.objects.put_json(self.settings.artifacts_bucket, key, document)
        return key

    def get_work(self, user_id: str, capture_id: str, name: str) -> dict:
        return self.objects.get_json(self.settings.artifacts_bucket, keys.work_prefix(user_id, capture_id) + name)

    def put_work_bytes(self, user_id: str, capture_id: str, name: str, data: bytes, content_type: str) -> str:
        key = keys.work_prefix(user_id, capture_id) + name
        self.objects.put_bytes(self.settings.artifacts_bucket, key, data, content_type)
        return key

    def get_work_bytes(self, user_id: str, capture_id: str, name: str) -> bytes:
        return self.objects.get_bytes(self.settings.artifacts_bucket, keys.work_prefix(user_id, capture_id) + name)

    def put_artifact(self, user_id: str, capture_id: str, name: str, data: bytes, content_type: str) -> dict:
        key = keys.artifacts_prefix(user_id, capture_id) + name
        size = self.objects.put_bytes(self.settings.artifacts_bucket, key, data, content_type)
        return {"key": key, "content_type": content_type, "size_bytes": size}
