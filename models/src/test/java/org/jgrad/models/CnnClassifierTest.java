package org.jgrad.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.Digits;
import org.jgrad.models.data.ImageShape;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.data.NamedDataset;
import org.jgrad.models.data.Scaler;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.data.TrainTestSplit;
import org.jgrad.models.io.Safetensors;
import org.jgrad.models.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CNN classifier on the 8 x 8 digits: it learns them, and survives a save/load/predict round trip. */
class CnnClassifierTest {
    @TempDir
    Path dir;

    @Test
    void digitsAsImagesTrainSaveLoadPredict() throws IOException {
        TrainTestSplit split = TrainTestSplit.split(Digits.all(), 0.2, 42);
        Scaler scaler = Scaler.divide(16);
        Classifier c = Classifier.cnn(ImageShape.DIGITS, NamedDataset.numbered(10), scaler, new Random(42));
        LabeledData train = scaler.transform(split.train());
        NDArray images = c.inputs(train.x());
        assertThat(images.shape()).isEqualTo(Shape.of(train.rows(), 1, 8, 8));
        new Trainer(c.network(), c.loss(), new Adam(c.network().parameters(), 1e-3)).fit(
                new DataLoader(new TensorDataset(images, train.y()), 32, true, 42, false), 3, Trainer.Listener.NONE);
        // ten classes: chance is 10%; three epochs of this net reach well over 85% on the held-out 360 digits
        double accuracy = c.accuracy(split.test());
        assertThat(accuracy).isGreaterThan(0.85);

        Path file = dir.resolve("cnn.safetensors");
        c.save(file);
        assertThat(Safetensors.read(file).metadata()).containsEntry("model", "cnn").containsEntry("image", "[1,8,8]");
        Classifier loaded = Classifier.load(file);
        assertThat(loaded.parameters().keySet()).containsExactly("0.weight", "0.bias", "3.weight", "3.bias",
                "7.weight", "7.bias");
        assertThat(loaded.predict(split.test().x())).containsExactly(c.predict(split.test().x()));
        NDArray p = c.predictProba(split.test().x());
        NDArray q = loaded.predictProba(split.test().x());
        for (int i = 0; i < p.size(); i++) {
            assertThat(q.get(i)).isEqualTo(p.get(i));
        }
        assertThat(loaded.accuracy(split.test())).isEqualTo(accuracy);
        assertThat(List.of(loaded.features(), loaded.classes())).containsExactly(64, 10);
    }
}
