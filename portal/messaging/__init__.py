"""Sending the outbox: the Notify transport and the worker."""
