/**
 * Image-quality metrics used to evaluate the codec, defined normatively in {@code docs/metrics.md}.
 *
 * <ul>
 *   <li>{@link dev.rdpc.tools.metrics.MsSsim}: single-scale SSIM and the 5-scale MS-SSIM of Wang,
 *       Simoncelli and Bovik (2003) with the constants of the compression literature, and its dB
 *       form {@code -10 log10(1 - MS-SSIM)}. A distortion (fidelity) measure: higher is closer.</li>
 *   <li>{@link dev.rdpc.tools.metrics.RealismIndex}: a multi-scale sliced Wasserstein distance
 *       between the Laplacian-pyramid patch distributions of reconstructions and originals over an
 *       image set (after Karras et al. 2018). A perception (realism) measure that needs no trained
 *       network: lower is more realistic, 0 for identical patch sets.</li>
 * </ul>
 *
 * <p>Both take {@link dev.rdpc.image.RasterImage} inputs, are deterministic (bit-identical results
 * for identical inputs) and single-threaded.
 */
package dev.rdpc.tools.metrics;
