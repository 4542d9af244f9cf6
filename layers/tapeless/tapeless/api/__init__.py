"""Transport-free pieces of the HTTP API: documents returned to clients and error statuses."""
