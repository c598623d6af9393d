"""Telling people what went wrong, the same way on every page."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def show_errors(request, exc: ValidationError) -> None:
    """Each message of a service's ValidationError as its own error toast."""
    for message in exc.messages:
        messages.error(request, message)
