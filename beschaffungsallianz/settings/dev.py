from .base import *  # noqa: F403 - a settings module extends every name of base.py

DEBUG = True
ALLOWED_HOSTS = ["*"]
