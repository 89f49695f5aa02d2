/*
 * Loaded with RTLD_GLOBAL before libtorch (MklDispatch.java). oneMKL, linked into libtorch_cpu.so,
 * asks this function whether the processor is Intel's before it picks its kernels; libtorch calls
 * it through its procedure linkage table, so this definition, found first, answers. On an AMD
 * processor with AVX2 and FMA the answer "yes" selects MKL's AVX2 kernels, which the processor's
 * features (checked by MKL itself and by MklDispatch), not its vendor, make safe to run.
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}
