package lab.trainer.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One dial for model size: the width d. Everything else follows from it, so a sweep can ask for
 * "the model of about N parameters".
 *
 * <ul>
 *   <li>layers L = max(1, round(d / 32)): a fixed aspect ratio d / L = 32 (the CPU pilot's rule;
 *       Kaplan et al. 2020, Sec. 3.1, find loss nearly flat for d / L between about 20 and 200);</li>
 *   <li>head size 16 below d = 128, 32 below d = 512, 64 from there on (GPT-2 uses 64), so
 *       heads H = d / head size;</li>
 *   <li>valid widths are the multiples of the head size.</li>
 * </ul>
 * Vocabulary, context and head tying are fixed by the caller (they come from the corpus and the
 * sweep), so the family is a one-parameter curve of shapes.
 */
public record ShapeFamily(int vocabSize, int contextLength, boolean tiedHead) {
    public static final int ASPECT_RATIO = 32;
    public static final int MIN_WIDTH = 16;
    public static final int MAX_WIDTH = 8192;

    public ShapeFamily {
        new GptConfig(vocabSize, contextLength, MIN_WIDTH, 1, 1, tiedHead); // validates the fixed fields
    }

    public static int headSizeFor(int width) {
        return width < 128 ? 16 : width < 512 ? 32 : 64;
    }

    public static int layersFor(int width) {
        return Math.max(1, Math.round(width / (float) ASPECT_RATIO));
    }

    /** The shape of width d; d must be a multiple of its head size. */
    public GptConfig ofWidth(int width) {
        int headSize = headSizeFor(width);
        if (width < MIN_WIDTH || width > MAX_WIDTH || width % headSize != 0) {
            throw new IllegalArgumentException("model.width=" + width + ": the shape family needs a multiple of "
                    + headSize + " within [" + MIN_WIDTH + ", " + MAX_WIDTH + "]");
        }
        return new GptConfig(vocabSize, contextLength, width, layersFor(width), width / headSize, tiedHead);
    }

    /** Every valid shape of the family in increasing size. */
    public List<GptConfig> all() {
        var shapes = new ArrayList<GptConfig>();
        for (int d = MIN_WIDTH; d <= MAX_WIDTH; d += 16) {
            if (d % headSizeFor(d) == 0) {
                shapes.add(ofWidth(d));
            }
        }
        return shapes;
    }

    /** The valid shape whose total parameter count is nearest to the target in log space. */
    public GptConfig nearest(double targetParams) {
        if (!(targetParams > 0)) {
            throw new IllegalArgumentException("target parameter count must be positive, got " + targetParams);
        }
        GptConfig best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (GptConfig c : all()) {
            double distance = Math.abs(Math.log(c.params().total() / targetParams));
            if (distance < bestDistance) {
                best = c;
                bestDistance = distance;
            }
        }
        return best;
    }
}
