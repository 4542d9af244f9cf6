"""S3 objects of a capture: raw photos, intermediate work files, artifacts."""

import json
from dataclasses import dataclass

from botocore.exceptions import ClientError

from tapeless.captures.errors import TransientError


@dataclass
class ObjectStore:
    """Thin wrapper over one S3 client; buckets are passed per call so one store serves all."""

    s3: object

    def get_bytes(self, bucket: str, key: str) -> bytes:
        try:
            return self.s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        except ClientError as error:
            if error.response["Error"]["Code"] in ("SlowDown", "ServiceUnavailable", "InternalError"):
                raise TransientError(f"S3 was busy reading {key}") from error
            raise

    def exists(self, bucket: str, key: str) -> bool:
        try:
            self.s3.head_object(Bucket=bucket, Key=key)
        except ClientError as error:
            if error.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def put_bytes(self, bucket: str, key: str, data: bytes, content_type: str) -> int:
        self.s3.put_object(Bucket=bucket, Key=key, Body=data, ContentType=content_type,
                           ServerSideEncryption="AES256")
        return len(data)

    def put_json(self, bucket: str, key: str, document: dict) -> int:
        return self.put_bytes(bucket, key, json.dumps(document, separators=(",", ":")).encode(),
                              "application/json")

    def get_json(self, bucket: str, key: str) -> dict:
        return json.loads(self.get_bytes(bucket, key))

    def delete_prefix(self, bucket: str, prefix: str) -> int:
        """Deletes every object under `prefix`; returns how many were deleted."""
        deleted = 0
        paginator = self.s3.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
            objects = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if objects:
                self.s3.delete_objects(Bucket=bucket, Delete={"Objects": objects, "Quiet": True})
                deleted += len(objects)
        return deleted

    def presign_get(self, bucket: str, key: str, expires_seconds: int = 300) -> str:
        return self.s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key},
                                              ExpiresIn=expires_seconds)
