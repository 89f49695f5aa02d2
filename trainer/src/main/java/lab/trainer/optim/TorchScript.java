package lab.trainer.optim;

import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Loads a parameterless TorchScript module from its source, through DJL's module loader.
 *
 * <p>torch.jit.save writes a zip archive (PyTorch's torch/csrc/jit/docs/serialization.md): the
 * module object pickled in {@code data.pkl} (protocol 2: the class as a GLOBAL, built from a dict
 * of its attributes), the class's source in {@code code/__torch__.py}, the constants table in
 * {@code constants.pkl} and the format version in {@code version}. The loader compiles the source.
 * This class writes such an archive for a module whose only attribute is {@code training}.
 */
final class TorchScript {
    /** The archive format version: 6 loads under every PyTorch the lab supports (2.5, 2.7). */
    private static final String FORMAT_VERSION = "6";

    private TorchScript() {}

    /** Loads class {@code className} from the TorchScript source at {@code resource}. */
    static PtSymbolBlock load(PtNDManager manager, String className, String resource) {
        try (InputStream in = TorchScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return JniUtils.loadModule(manager, new ByteArrayInputStream(archive(className, source)), true, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] archive(String className, String source) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            stored(zip, "module/data.pkl", pickledModule(className));
            stored(zip, "module/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            stored(zip, "module/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // an empty tuple
            stored(zip, "module/version", (FORMAT_VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    /** Pickle protocol 2: PROTO 2, GLOBAL __torch__ NAME, EMPTY_TUPLE, NEWOBJ, {"training": True}, BUILD, STOP. */
    private static byte[] pickledModule(String className) {
        var out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);
        out.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(')');
        out.write(0x81);
        out.write('}');
        out.write('(');
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        out.write('X'); // BINUNICODE, 4-byte little-endian length
        out.write(key.length);
        out.write(0);
        out.write(0);
        out.write(0);
        out.writeBytes(key);
        out.write(0x88); // NEWTRUE
        out.write('u'); // SETITEMS
        out.write('b'); // BUILD
        out.write('.'); // STOP
        return out.toByteArray();
    }

    /** Uncompressed entries, as torch.jit.save writes them. */
    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        var entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        var crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }
}
