from beschaffungsallianz.env import envint

from .base import *  # noqa: F403 - a settings module extends every name of base.py

DEBUG = True
ALLOWED_HOSTS = ["*"]
# Templates change while developing: no page cache unless asked for.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 0)
