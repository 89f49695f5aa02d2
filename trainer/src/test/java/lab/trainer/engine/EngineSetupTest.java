package lab.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class EngineSetupTest {
    @Test
    void mallocIsTunedOnLinuxUnlessSwitchedOff() {
        boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
        assertEquals(linux, EngineSetup.mallocTuned(), "glibc's mallopt should accept the settings on Linux");
        System.setProperty("lab.malloc.tune", "false");
        try {
            assertFalse(NativeMemory.tune());
        } finally {
            System.clearProperty("lab.malloc.tune");
        }
    }
}
