package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Layers, crossings and coordinates of the explorer's layout on graphs small enough to work out by hand. */
class LayeredLayoutTest {

    private static double[] all(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void layersFollowTheLongestPathAndLeavesSitBeforeTheirFirstConsumer() {
        // tutorial 000: 0 b, 1 c -> 2 mul -> 3 u; 4 a, 3 u -> 5 add -> 6 v; 7 three, 6 v -> 8 mul -> 9 J
        List<int[]> edges = List.of(new int[] {0, 2}, new int[] {1, 2}, new int[] {2, 3}, new int[] {4, 5},
                new int[] {3, 5}, new int[] {5, 6}, new int[] {7, 8}, new int[] {6, 8}, new int[] {8, 9});
        // longest path: b, c 0; mul 1; u 2; add 3; v 4; mul 5; J 6. Leaves a and 3 move next to their op: 2 and 4
        assertThat(LayeredLayout.layers(10, edges)).containsExactly(0, 0, 1, 2, 2, 3, 4, 4, 5, 6);
    }

    @Test
    void aLeafUsedTwiceSitsBeforeItsEarliestConsumer() {
        // 0 x -> 1 op -> 2 h; 2 h, 0 x -> 3 op2: x is used at layers 1 and 3, so it stays at 0
        List<int[]> edges = List.of(new int[] {0, 1}, new int[] {1, 2}, new int[] {2, 3}, new int[] {0, 3});
        assertThat(LayeredLayout.layers(4, edges)).containsExactly(0, 1, 2, 3);
        LayeredLayout layout = new LayeredLayout(all(4, 40), all(4, 30), edges);
        // the edge x -> op2 spans three layers: two dummy points between its ends
        assertThat(layout.paths.get(3)).hasNumberOfRows(4);
    }

    @Test
    void barycentreOrderingRemovesACrossing() {
        // 0 -> 3, 1 -> 2 with 2 above 3 in the given order: one crossing, which swapping 2 and 3 removes
        List<int[]> edges = List.of(new int[] {0, 3}, new int[] {1, 2});
        LayeredLayout layout = new LayeredLayout(all(4, 40), all(4, 30), edges);
        assertThat(layout.crossings).isZero();
        // node 0 is above node 1, so its consumer 3 ends above 2
        assertThat(layout.y[0]).isLessThan(layout.y[1]);
        assertThat(layout.y[3]).isLessThan(layout.y[2]);
    }

    @Test
    void nodesOfAColumnNeverOverlapAndColumnsAreApart() {
        // three leaves into one op: one column of three nodes of height 30 needs 3 * 30 + 2 gaps
        List<int[]> edges = List.of(new int[] {0, 3}, new int[] {1, 3}, new int[] {2, 3});
        LayeredLayout layout = new LayeredLayout(new double[] {50, 80, 60, 30}, all(4, 30), edges);
        double[] ys = {layout.y[0], layout.y[1], layout.y[2]};
        Arrays.sort(ys);
        assertThat(ys[1] - ys[0]).isGreaterThanOrEqualTo(30 + LayeredLayout.ROW_GAP - 1e-9);
        assertThat(ys[2] - ys[1]).isGreaterThanOrEqualTo(30 + LayeredLayout.ROW_GAP - 1e-9);
        // the column is as wide as its widest node (80), then the gap
        assertThat(layout.x[3]).isEqualTo(LayeredLayout.MARGIN + 80 + LayeredLayout.COLUMN_GAP);
        // the op is pulled to the middle of its three inputs
        double middle = (ys[0] + ys[2] + 30) / 2;
        assertThat(layout.y[3] + 15).isCloseTo(middle, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(layout.width).isEqualTo(LayeredLayout.MARGIN * 2 + 80 + LayeredLayout.COLUMN_GAP + 30);
    }

    @Test
    void aCycleIsAnError() {
        List<int[]> edges = List.of(new int[] {0, 1}, new int[] {1, 0});
        assertThatThrownBy(() -> LayeredLayout.layers(2, edges)).hasMessageContaining("cycle");
    }
}
