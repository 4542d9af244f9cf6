"""Reading Chalice test-client responses."""

import json


def body(response) -> dict:
    """The JSON body of a `chalice.test.Client` response."""
    return json.loads(response.body)
