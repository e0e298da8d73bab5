/**
 * Pretrained denoisers in ONNX format, adapted to the project's denoiser convention
 * (DESIGN.md section 4).
 *
 * <h2>The model contract</h2>
 * <ul>
 *   <li>A model is a pair of files: {@code NAME.onnx} and its card {@code NAME.json}
 *       ({@link dev.rdpc.decoder.onnx.ModelCard}, which documents every field), or one
 *       {@link dev.rdpc.decoder.onnx.ModelBundle} archive holding both. The card states
 *       the {@link dev.rdpc.decoder.onnx.Parameterization} (EDM, epsilon- or v-prediction VP,
 *       clean image with a sigma map, blind residual), the trained
 *       {@link dev.rdpc.decoder.onnx.ValueRange} ([-1, 1] or [0, 1]), the channel count (1 or 3), the
 *       spatial multiple, the trained noise range in the model's own units, the tensor names, the
 *       {@link dev.rdpc.decoder.onnx.NoiseEncoding}, the {@link dev.rdpc.decoder.onnx.BetaSchedule} of VP
 *       models, provenance, licence and the SHA-256 of the ONNX file.</li>
 *   <li>The graph has exactly the inputs the card names: one float image {@code [1, C, H, W]}
 *       ({@code [1, C + 1, H, W]} with a sigma map) with dynamic {@code H} and {@code W}, and for
 *       EDM and VP models one float noise level of shape {@code [1]}; and a float output
 *       {@code [1, C, H, W]}. Any ONNX opset ONNX Runtime 1.20 runs is accepted; the test models
 *       use opset 17.</li>
 *   <li>{@link dev.rdpc.decoder.onnx.OnnxDenoiser} refuses a model whose bytes do not hash to
 *       the card's SHA-256, or whose graph does not match the card, and turns every
 *       parameterization into {@code D(x; sigma) ~ E[u | u + sigma n = x]} in model space in one
 *       place (the package-private {@code Parameterizations}, which also documents what happens
 *       outside the trained noise range: clamping, reported by
 *       {@link dev.rdpc.decoder.onnx.OnnxDenoiser#clamped()}).</li>
 * </ul>
 *
 * <p>ONNX Runtime is the CPU build by default ({@code com.microsoft.onnxruntime:onnxruntime}, natives
 * for Linux, macOS and Windows in one jar); building this project with {@code -Pcuda} swaps in the
 * GPU artifact {@code onnxruntime_gpu}. A library user swaps it the Maven way: exclude
 * {@code com.microsoft.onnxruntime:onnxruntime} from the rdpc dependency and depend on
 * {@code onnxruntime_gpu} (or another build of the same Java API) at the same version.
 * {@link dev.rdpc.decoder.onnx.ExecutionDevice#CUDA} falls back to the CPU, with a warning, where
 * the runtime has no CUDA.
 *
 * <p>The tiny analytic test models under {@code decoder/src/test/resources/models} are written by
 * {@code tools/python/make_tiny_models.py}.
 */
package dev.rdpc.decoder.onnx;
