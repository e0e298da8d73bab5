/**
 * Reading {@code .zip}, {@code .tar} and {@code .tar.gz} archives as untrusted input, in memory
 * ({@link dev.rdpc.decoder.archive.ArchiveReader}): model bundles ({@link dev.rdpc.decoder.onnx.ModelBundle})
 * and image sets of the measuring tools.
 */
package dev.rdpc.decoder.archive;
