package lab.corpus.shard;

import java.util.Locale;

/** How token ids are stored in train.bin / val.bin: little-endian uint16, or uint32 above 65,536 tokens. */
public enum TokenDtype {
    UINT16(2), UINT32(4);

    public final int bytes;

    TokenDtype(int bytes) {
        this.bytes = bytes;
    }

    /** The narrowest type that holds every id of a vocabulary of this size. */
    public static TokenDtype forVocab(long vocabSize) {
        return vocabSize <= 65_536 ? UINT16 : UINT32;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TokenDtype parse(String text) {
        return switch (text) {
            case "uint16" -> UINT16;
            case "uint32" -> UINT32;
            default -> throw new IllegalArgumentException("token_dtype: expected uint16 or uint32, got '" + text + "'");
        };
    }
}
