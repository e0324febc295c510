"""The current request's id and channel, for audit entries written deep in services."""

import contextvars

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
channel: contextvars.ContextVar[str] = contextvars.ContextVar("channel", default="cli")
