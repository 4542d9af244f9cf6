"""Creates template.yaml's tables and buckets in moto's in-process mock, from the template's own
properties, so unit tests cannot drift from what is deployed."""

from pathlib import Path

from tapeless_local.stack.template import load_template

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"
TABLE_PROPERTIES = ("KeySchema", "AttributeDefinitions", "GlobalSecondaryIndexes", "BillingMode")

# Logical id in the template → environment variable the code reads its name from.
TABLE_ENV = {
    "CapturesTable": "CAPTURES_TABLE",
    "ResultsTable": "RESULTS_TABLE",
    "AuditTable": "AUDIT_TABLE",
    "IdempotencyTable": "IDEMPOTENCY_TABLE",
}
BUCKET_ENV = {"PhotosBucket": "PHOTOS_BUCKET", "ArtifactsBucket": "ARTIFACTS_BUCKET"}


def create_resources(dynamodb, s3, prefix: str = "unit") -> dict[str, str]:
    """Creates every table and bucket; returns the environment variables naming them."""
    resources = load_template(TEMPLATE)["Resources"]
    env = {}
    for logical_id, variable in TABLE_ENV.items():
        props = resources[logical_id]["Properties"]
        name = f"{prefix}-{logical_id.lower()}"
        dynamodb.create_table(TableName=name, **{k: props[k] for k in TABLE_PROPERTIES if k in props})
        env[variable] = name
    for logical_id, variable in BUCKET_ENV.items():
        name = f"{prefix}-{logical_id.lower()}"
        s3.create_bucket(Bucket=name)
        env[variable] = name
    return env
