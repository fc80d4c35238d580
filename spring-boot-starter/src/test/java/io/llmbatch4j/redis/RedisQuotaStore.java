package io.llmbatch4j.redis;

/** Test stand-in for the redis module's class that switches the starter's Redis properties on. */
public final class RedisQuotaStore {
    private RedisQuotaStore() {}
}
