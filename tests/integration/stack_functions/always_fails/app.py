"""Test function: always raises the named domain error `NoPersonFound`."""


class NoPersonFound(Exception):
    """No person in the photo."""


def lambda_handler(event, context):
    raise NoPersonFound(f"nobody in {event.get('photo', 'the photo')}")
