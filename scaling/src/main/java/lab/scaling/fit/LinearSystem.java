package lab.scaling.fit;

/** Small dense linear systems (normal equations of 2-3 unknowns), solved in place. */
public final class LinearSystem {
    private LinearSystem() {}

    /**
     * Solves A x = b given as the n x (n + 1) augmented matrix m = [A | b], by Gaussian elimination with
     * partial pivoting and back substitution. The matrix is overwritten.
     *
     * @return x, or null when a pivot is zero or below 1e-300 in magnitude (a singular A; the test
     *         is absolute because the callers' normal equations mix columns of very different scales)
     */
    public static double[] solve(double[][] m) {
        int n = m.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            if (Math.abs(m[col][col]) < 1e-300) {
                return null;
            }
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int k = col; k <= n; k++) {
                    m[r][k] -= f * m[col][k];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double sum = m[r][n];
            for (int k = r + 1; k < n; k++) {
                sum -= m[r][k] * x[k];
            }
            x[r] = sum / m[r][r];
        }
        return x;
    }
}
