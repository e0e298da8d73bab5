/**
 * The rdpc library: {@link dev.rdpc.RdpcEncoder} turns an image into an .rdpc file and
 * {@link dev.rdpc.RdpcDecoder} turns it back, at any point of the distortion-perception trade-off.
 * Settings are immutable records ({@link dev.rdpc.EncodeOptions}, {@link dev.rdpc.DecodeOptions},
 * {@link dev.rdpc.ModelRuntime}); failures are {@link dev.rdpc.RdpcException} with an
 * {@link dev.rdpc.ErrorCode}.
 *
 * <p>This package is the supported API. The other packages of this module ({@code dev.rdpc.core},
 * {@code dev.rdpc.transform}) are implementation details shared with the project's tools and may
 * change without notice; {@code dev.rdpc.image} ({@code RasterImage}, {@code ImageFiles}) is the
 * supported way to read and write images without AWT.
 */
package dev.rdpc;
