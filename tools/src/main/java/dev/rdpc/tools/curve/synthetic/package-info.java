/**
 * Synthetic sources with known answers for {@code rdpc curve --source gaussian[:VAR] | gmm}. Photographs have no
 * closed-form rate-distortion-perception curve, so nothing tells whether a measured rdpc curve is as good as the
 * mathematics allows. An i.i.d. scalar Gaussian does (../shared/DESIGN.md section 5), and a two-component Gaussian
 * mixture has an exact denoiser and a numerically computable ideal rate and MMSE. This package runs rdpc's own
 * channel (reverse channel coding with the codec's defaults and its channel scaling) and diffusion decoder on such
 * a source, over the source's exact denoiser, and writes the measured points beside the closed forms
 * (docs/curve-json.md, "Synthetic sources", schema {@code rdpc-synthetic/2}).
 *
 * <ul>
 *   <li>{@link dev.rdpc.tools.curve.synthetic.SyntheticSource}: the sources and their exact denoisers.</li>
 *   <li>{@link dev.rdpc.tools.curve.synthetic.SyntheticRunner}: the sweep over rates and decode settings.</li>
 *   <li>{@link dev.rdpc.tools.curve.synthetic.SyntheticOutputs}: JSON, CSV and the plot.</li>
 *   <li>{@code GaussianTheory}: every closed form of the Gaussian source, in one place; {@code ScalarMixture}: the
 *       mixture's posterior mean and its quadratures; {@code Wasserstein}: the 1-D W2 distance.</li>
 * </ul>
 */
package dev.rdpc.tools.curve.synthetic;
