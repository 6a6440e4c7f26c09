"""The one exception the extract stage raises."""


class ExtractError(Exception):
    """Nothing usable could be extracted; the message is a short one-line reason."""
