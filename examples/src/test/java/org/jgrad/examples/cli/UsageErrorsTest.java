package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every bad option value is a usage error: exit 2 and one line naming the option. */
class UsageErrorsTest {
    private static void usage(String message, String... args) {
        TrainCommandTest.Result r = TrainCommandTest.run(args);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly(message);
    }

    @Test
    void trainOptions() {
        usage("jgrad: --seed must be between 0 and 4294967295 (2^32 - 1, NumPy's seeds), got -1 (see 'jgrad train "
                + "--help')", "train", "--seed", "-1");
        usage("jgrad: --momentum must be in [0, 1), got 5.0 (see 'jgrad train --help')", "train", "--momentum", "5");
        usage("jgrad: --weight-decay must be a finite number >= 0, got -1.0 (see 'jgrad train --help')", "train",
                "--weight-decay", "-1");
        usage("jgrad: --checkpoint-every must be >= 1, got 0 (see 'jgrad train --help')", "train",
                "--checkpoint-every", "0");
        usage("jgrad: --checkpoint and --resume need an optimizer that saves its state (sgd, adam or adamw), got "
                + "--optimizer lbfgs (see 'jgrad train --help')", "train", "--optimizer", "lbfgs", "--checkpoint",
                "x.ckpt");
    }

    @Test
    void benchThreads() {
        usage("jgrad: --threads must be >= 1, got 0 (see 'jgrad bench --help')", "bench", "--threads", "0",
                "logreg-digits");
    }
}
