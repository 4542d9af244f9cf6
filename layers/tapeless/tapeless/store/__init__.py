"""The only AWS edge of the domain package: DynamoDB models (pynamodb) and S3 objects."""
