package lab.util;

/** The lab's own version, kept in one place for manifests and `lab --version`. */
public final class LabVersion {
    public static final String VERSION = "0.1.0";

    private LabVersion() {}
}
