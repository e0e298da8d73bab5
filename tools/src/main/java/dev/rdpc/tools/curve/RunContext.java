package dev.rdpc.tools.curve;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What a codec may use while coding: a private work folder for temporary files (deleted after the
 * run), the on-disk cache, and a sink for verbose messages.
 */
public record RunContext(Path workDir, PointCache cache, Consumer<String> verbose) {
}
