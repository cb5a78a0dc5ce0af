"""Redis cache backend that keeps its redis-py clients.

Django's backend builds a new `redis.Redis` client object for every cache call; with redis-py 8
that costs about as much as the network round trip. The clients share Django's connection pools
and are safe to reuse, so we keep one per pool.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_congso_clients", {})
        client = clients.get(index)
        if client is None:
            client = clients[index] = super().get_client(key, write=write)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def incr_create(self, key, delta: int = 1, version=None) -> int:
        """Add `delta` in one round trip (Django's `incr` takes two, EXISTS then INCRBY); a missing
        key starts from 0 and does not expire."""
        key = self.make_and_validate_key(key, version=version)
        return self._cache.get_client(key, write=True).incrby(key, delta)
