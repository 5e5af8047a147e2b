package org.jgrad.models.nn;

/** The argument checks shared by the pooling layers, so that their errors read alike. */
final class PoolChecks {
    private PoolChecks() {
    }

    static void require(String layer, int kernelSize, int stride, int padding) {
        if (kernelSize < 1 || stride < 1 || padding < 0 || 2 * padding > kernelSize) {
            throw new IllegalArgumentException(layer + "(kernel_size=" + kernelSize + ", stride=" + stride
                    + ", padding=" + padding + "): expected kernel_size >= 1, stride >= 1 and 0 <= padding <= "
                    + "kernel_size / 2");
        }
    }
}
