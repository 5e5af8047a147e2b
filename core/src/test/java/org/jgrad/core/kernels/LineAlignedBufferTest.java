package org.jgrad.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link LineAlignedBuffer}: room for what is asked from {@link LineAlignedBuffer#OFFSET} on, and, when it claims a
 * known line (an offset past 0), an array that G1 really places as a humongous object: straight into the old
 * generation, at a region's start, where a small array goes to eden. Where the data lies cannot be read in Java;
 * that the products' bits do not depend on it is {@link SameBitsAtEveryWidthTest}'s and {@link MatrixProductTest}'s
 * (they run with this buffer).
 */
class LineAlignedBufferTest {
    @Test
    void holdsWhatIsAskedFromTheOffsetOn() {
        assertThat(LineAlignedBuffer.OFFSET).isIn(0, 12);
        for (int floats : new int[] {0, 1, 16, 384 * 1024, 3 << 20}) {
            assertThat(LineAlignedBuffer.size(floats)).isGreaterThanOrEqualTo(LineAlignedBuffer.OFFSET + floats);
            assertThat(LineAlignedBuffer.allocate(floats)).hasSize(LineAlignedBuffer.size(floats));
        }
        if (LineAlignedBuffer.OFFSET == 0) {
            // no claim, no extra room
            assertThat(LineAlignedBuffer.size(100)).isEqualTo(100);
        }
    }

    @Test
    void aClaimedLineComesFromAnArrayThatG1PlacesAtARegionsStart() {
        Optional<MemoryPoolMXBean> old = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getName().equals("G1 Old Gen")).findFirst();
        if (LineAlignedBuffer.OFFSET == 0) {
            return; // nothing claimed (another collector or other headers): the first test covers it
        }
        assertThat(old).as("an offset is claimed only under G1").isPresent();
        long before = old.get().getUsage().getUsed();
        float[] buffer = LineAlignedBuffer.allocate(16);
        long after = old.get().getUsage().getUsed();
        // a humongous array is allocated in old regions of its own; a small one would leave the old generation as is
        assertThat(after - before).isGreaterThanOrEqualTo(4L * buffer.length);
        float[] small = new float[1000];
        assertThat(old.get().getUsage().getUsed()).isEqualTo(after);
        assertThat(small).hasSize(1000);
    }
}
