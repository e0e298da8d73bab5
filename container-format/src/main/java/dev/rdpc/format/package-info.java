/**
 * The rdpc container format: reading, validating and writing rdpc files as specified by the
 * normative document {@code docs/format.md}.
 *
 * <p>Entry points: {@link dev.rdpc.format.ContainerReader} parses bytes into an immutable
 * {@link dev.rdpc.format.RdpcFile} (or throws {@link dev.rdpc.format.MalformedInputException} with
 * the offending offset), {@link dev.rdpc.format.ContainerWriter} serializes one, and
 * {@link dev.rdpc.format.FormatIds} names every identifier value. One Java record exists per record
 * type of the format ({@link dev.rdpc.format.ImageInfo}, {@link dev.rdpc.format.TransformInfo},
 * ...); their constructors validate field ranges and throw {@link IllegalArgumentException}.
 */
package dev.rdpc.format;
