package org.jgrad.core;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests that assert what {@link ArrayPool} holds: each test starts with the pool on, empty, and its housekeeping
 * on the calling thread (no worker zeroing or making arrays meanwhile); afterwards the pool is on, empty and back to
 * its background housekeeping.
 */
final class PoolOnThisThread implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        ArrayPool.setEnabled(true);
        ArrayPool.setBackground(false);
        ArrayPool.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ArrayPool.setEnabled(true);
        ArrayPool.setBackground(true);
        ArrayPool.clear();
    }
}
