package dev.rdpc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.ErrorCode;
import dev.rdpc.RdpcException;
import dev.rdpc.image.ImageReadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

    @picocli.CommandLine.Command(name = "exhausts")
    static final class ExhaustsMemory implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void outOfMemoryIsOneLineAndExitFour() {
        picocli.CommandLine cl = new picocli.CommandLine(new ExhaustsMemory());
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err));
        assertEquals(ExitCodes.INTERNAL, RdpcCli.run(cl, new String[0]));
        assertTrue(err.toString().startsWith("rdpc: out of memory: the Java heap limit is "), err.toString());
        assertTrue(err.toString().contains("RDPC_JAVA_OPTS=-Xmx8g"), err.toString());
        assertEquals(1, err.toString().lines().count());
    }
    @Test
    void mapsEveryKindOfFailure() {
        assertEquals(1, ExitCodes.of(new IllegalArgumentException("x")));
        assertEquals(1, ExitCodes.of(new RdpcException(ErrorCode.INVALID_ARGUMENT, "x")));
        assertEquals(1, ExitCodes.of(new OutputExistsException(java.nio.file.Path.of("o"))));
        assertEquals(1, ExitCodes.of(CliException.usage("x")));
        assertEquals(2, ExitCodes.of(new RdpcException(ErrorCode.MALFORMED_INPUT, "x")));
        assertEquals(2, ExitCodes.of(new RdpcException(ErrorCode.UNSUPPORTED, "x")));
        assertEquals(2, ExitCodes.of(new ImageReadException("a.png", "bad")));
        assertEquals(2, ExitCodes.of(CliException.input("x", null)));
        assertEquals(3, ExitCodes.of(new RdpcException(ErrorCode.IO, "x")));
        assertEquals(3, ExitCodes.of(new IOException("x")));
        assertEquals(3, ExitCodes.of(new UncheckedIOException(new IOException("x"))));
        assertEquals(4, ExitCodes.of(new RdpcException(ErrorCode.INTERNAL, "x")));
        assertEquals(4, ExitCodes.of(new NullPointerException()));
        assertEquals(4, ExitCodes.of(new OutOfMemoryError()));
    }

    @Test
    void messagesAreOneReadableLine() {
        assertEquals("a/b: no such file or directory", ExitCodes.message(new NoSuchFileException("a/b")));
        assertEquals("a: permission denied", ExitCodes.message(new AccessDeniedException("a")));
        assertEquals("a.png: bad", ExitCodes.message(new ImageReadException("a.png", "bad")));
        assertEquals("one; two", ExitCodes.message(new IOException("one\n  two\n")));
        String internal = ExitCodes.message(new NullPointerException("boom"));
        assertTrue(internal.startsWith("internal error: java.lang.NullPointerException: boom"), internal);
        assertTrue(internal.contains("-v"), internal);
        assertFalse(ExitCodes.message(new NullPointerException("boom"), true).contains("-v"));
        assertTrue(ExitCodes.message(new OutOfMemoryError()).contains("RDPC_JAVA_OPTS"));
        assertEquals("IOException", ExitCodes.message(new IOException()));
    }
}
