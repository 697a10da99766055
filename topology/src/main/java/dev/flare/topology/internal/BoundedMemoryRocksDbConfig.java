package dev.flare.topology.internal;

import dev.flare.topology.TopologyConfig;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store in the JVM (spec §9): one LRU block cache, holding index and
 * filter blocks too, and one write buffer manager charged to that cache, shared by all stores. Sized from
 * {@link TopologyConfig#ROCKSDB_BLOCK_CACHE_BYTES} and {@link TopologyConfig#ROCKSDB_WRITE_BUFFER_BYTES} as found
 * in the Streams configuration the first time a store opens; later sizes are ignored for the life of the JVM.
 */
public final class BoundedMemoryRocksDbConfig implements RocksDBConfigSetter {

    private static final double HIGH_PRIORITY_POOL_RATIO = 0.1;

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        synchronized (BoundedMemoryRocksDbConfig.class) {
            if (cache == null) {
                long cacheBytes = bytes(
                        configs,
                        TopologyConfig.ROCKSDB_BLOCK_CACHE_BYTES,
                        TopologyConfig.DEFAULT_ROCKSDB_BLOCK_CACHE_BYTES);
                long bufferBytes = bytes(
                        configs,
                        TopologyConfig.ROCKSDB_WRITE_BUFFER_BYTES,
                        TopologyConfig.DEFAULT_ROCKSDB_WRITE_BUFFER_BYTES);
                cache = new LRUCache(cacheBytes, -1, false, HIGH_PRIORITY_POOL_RATIO);
                writeBufferManager = new WriteBufferManager(bufferBytes, cache);
            }
            table.setBlockCache(cache);
            options.setWriteBufferManager(writeBufferManager);
        }
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // Note: the cache and the write buffer manager are shared by every store, so no store closes them.
    }

    private static long bytes(Map<String, Object> configs, String key, long fallback) {
        Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        return value instanceof Number number
                ? number.longValue()
                : Long.parseLong(value.toString().trim());
    }
}
