/**
 * The diffusion decoder of rdpc (DESIGN.md sections 4 and 5).
 *
 * <p>Conventions used throughout the package:
 * <ul>
 *   <li>Tensors are single images as {@code float[]} in planar CHW layout ({@link dev.rdpc.decoder.TensorShape}),
 *       in model space (pixel values roughly in [-1, 1]).</li>
 *   <li>One denoiser convention: {@link dev.rdpc.decoder.Denoiser} computes the variance-exploding
 *       {@code D(x; sigma) ~ E[u | u + sigma n = x]}; the score is {@code (D - x) / sigma^2} and Tweedie's MMSE
 *       estimate is {@code D(y; sigma)} ({@link dev.rdpc.decoder.Score}).</li>
 *   <li>One sigma schedule: {@link dev.rdpc.decoder.KarrasSchedule}.</li>
 *   <li>One source of decode noise for the stochastic modes: {@link dev.rdpc.decoder.DecodeNoise}, a counter-based
 *       generator keyed by the decode seed (bit-identical on every platform and thread count).</li>
 *   <li>Entry point: {@link dev.rdpc.decoder.DiffusionDecoder#reconstruct}.</li>
 * </ul>
 */
package dev.rdpc.decoder;
