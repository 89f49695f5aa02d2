package lab.cli;

import lab.trainer.engine.EngineSetup;
import lab.util.LabVersion;
import picocli.CommandLine.IVersionProvider;

/** `lab --version`: the lab, DJL, the PyTorch build it runs on and the kernels its MKL chose. */
final class Versions implements IVersionProvider {
    @Override
    public String[] getVersion() {
        var engine = EngineSetup.engine();
        return new String[] {
            "lab " + LabVersion.VERSION,
            "DJL " + ai.djl.engine.Engine.getDjlVersion(),
            "PyTorch " + engine.getVersion() + " (" + EngineSetup.device("auto") + ")",
            "MKL " + EngineSetup.mklKernels(),
            "Java " + System.getProperty("java.version"),
        };
    }
}
