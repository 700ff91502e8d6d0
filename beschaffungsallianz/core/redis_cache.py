"""Django's Redis cache with one client per connection pool (``CACHE_URL=redis://…``).

Django's ``RedisCacheClient.get_client()`` builds a new ``redis.Redis`` for every cache
operation, and ``redis.Redis.__init__`` registers its ~170 response callbacks each time:
about 0.4 ms of CPU per operation here, two or more per page — as much as it costs to serve a
page from the page cache. A ``redis.Redis`` is safe to share between threads (every command
takes a connection from the pool), so one per pool is enough. Everything else is Django's.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
