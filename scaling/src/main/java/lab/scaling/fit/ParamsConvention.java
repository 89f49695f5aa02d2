package lab.scaling.fit;

/**
 * Which parameters N counts. Hoffmann et al. 2022 count every parameter (embeddings included);
 * Kaplan et al. 2020 count non-embedding parameters, and Pearce & Song 2024 show that this choice
 * alone moves the fitted exponent at small scale, so fits say which one they used.
 */
public enum ParamsConvention {
    TOTAL("total", "params"),
    NON_EMBEDDING("non-embedding", "params_non_embedding");

    private final String label;
    private final String resultKey;

    ParamsConvention(String label, String resultKey) {
        this.label = label;
        this.resultKey = resultKey;
    }

    /** The name used on the command line and in fit.json. */
    public String label() {
        return label;
    }

    /** The result.json field holding this count. */
    public String resultKey() {
        return resultKey;
    }

    public static ParamsConvention parse(String text) {
        for (var c : values()) {
            if (c.label.equalsIgnoreCase(text) || c.name().equalsIgnoreCase(text)) {
                return c;
            }
        }
        throw new IllegalArgumentException("--params-convention must be total or non-embedding, got '" + text + "'");
    }
}
