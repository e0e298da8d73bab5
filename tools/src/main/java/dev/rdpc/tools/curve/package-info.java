/**
 * The rate-distortion-perception curve harness behind {@code rdpc curve}: codecs (rdpc and classic
 * external encoders) swept over their rate settings on a folder of images, every point measured
 * the same way (real file size, RGB PSNR, MS-SSIM, wall times) and cached on disk, the realism
 * index computed per curve point over the whole image set, and the results written as JSON, CSV,
 * PNG plots and a static HTML report. The JSON schema is {@code docs/curve-json.md}.
 *
 * <ul>
 *   <li>{@link dev.rdpc.tools.curve.CurveCodec}: what the harness needs of a codec; implemented by
 *       {@link dev.rdpc.tools.curve.RdpcCurveCodec} and {@link dev.rdpc.tools.curve.ClassicCodec}.</li>
 *   <li>{@link dev.rdpc.tools.curve.CurveRunner}: runs the sweep with the cache
 *       ({@link dev.rdpc.tools.curve.PointCache}) and aggregates per curve point.</li>
 *   <li>{@link dev.rdpc.tools.curve.CurveOutputs}, {@link dev.rdpc.tools.curve.CurvePlots},
 *       {@link dev.rdpc.tools.curve.HtmlReport}: the files written from the results.</li>
 * </ul>
 */
package dev.rdpc.tools.curve;
