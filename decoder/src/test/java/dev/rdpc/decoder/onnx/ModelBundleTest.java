package dev.rdpc.decoder.onnx;

import static dev.rdpc.decoder.archive.TestArchives.Item.file;
import static dev.rdpc.decoder.archive.TestArchives.Item.folder;
import static dev.rdpc.decoder.archive.TestArchives.Item.link;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.decoder.TensorShape;
import dev.rdpc.decoder.archive.TestArchives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A model and its card in one archive: the same model as the two files, and hostile bundles refused with typed errors. */
class ModelBundleTest {
    @TempDir
    Path dir;

    private static byte[] onnx() throws IOException {
        return Files.readAllBytes(TinyModels.onnx(TinyModels.EDM));
    }

    private static byte[] card() throws IOException {
        return Files.readAllBytes(TinyModels.card(TinyModels.EDM));
    }

    private Path bundle(String name, TestArchives.Item... items) throws IOException {
        return name.endsWith(".zip") ? TestArchives.zip(dir.resolve(name), true, items)
                : TestArchives.tar(dir.resolve(name), items);
    }

    @ParameterizedTest
    @ValueSource(strings = {"edm.tar.gz", "edm.tgz", "edm.tar", "edm.zip"})
    void aBundleIsTheSameModelAsItsTwoFiles(String name) throws IOException {
        // any folder depth, any file names, and a licence text beside them
        Path bundle = bundle(name, folder("edm/"), file("edm/LICENSE", "MIT"), file("edm/weights.onnx", onnx()),
                file("edm/card.json", card()));
        assertTrue(ModelBundle.isBundle(bundle));
        TensorShape shape = new TensorShape(3, 9, 11);
        float[] x = TinyModels.noisySample(TinyModels.EDM, shape, 0.3, 5);
        float[] fromFiles = new float[shape.size()];
        float[] fromBundle = new float[shape.size()];
        try (OnnxDenoiser files = OnnxDenoiser.load(TinyModels.onnx(TinyModels.EDM));
             OnnxDenoiser packed = OnnxDenoiser.load(bundle)) {
            assertEquals(files.card(), packed.card());
            assertEquals(OnnxDenoiser.sha256Hex(onnx()), packed.card().sha256(), "the ONNX file's SHA-256");
            files.denoise(x, shape, 0.3, fromFiles);
            packed.denoise(x, shape, 0.3, fromBundle);
            assertTrue(packed.toString().contains(bundle + "!edm/weights.onnx"), packed.toString());
        }
        assertArrayEquals(fromFiles, fromBundle);
        ModelBundle read = ModelBundle.read(bundle);
        assertEquals("edm/weights.onnx", read.onnxName());
        assertEquals(onnx().length, read.onnxSize());
    }

    @Test
    void aBundleHoldsExactlyOneModelAndOneCard() throws IOException {
        String[][] cases = {
            {"two.tar", "two .onnx files"},
            {"cards.tar", "two .json files"},
            {"nocard.tar", "no .json model card"},
            {"nomodel.zip", "no .onnx model"},
            {"link.tar", "no .onnx model"},
        };
        bundle("two.tar", file("a.onnx", onnx()), file("b/a.onnx", onnx()), file("a.json", card()));
        bundle("cards.tar", file("a.onnx", onnx()), file("a.json", card()), file("b.json", card()));
        bundle("nocard.tar", file("a.onnx", onnx()), file("README", "no card"));
        bundle("nomodel.zip", file("a.json", card()));
        // a link is never followed: it is not the model it points to
        bundle("link.tar", link("a.onnx", "/work/models/a.onnx"), file("a.json", card()));
        for (String[] c : cases) {
            Path bundle = dir.resolve(c[0]);
            ModelBundleException e = assertThrows(ModelBundleException.class, () -> OnnxDenoiser.load(bundle), c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains(bundle.toString()), e.getMessage());
        }
    }

    @Test
    void hostileOrBrokenBundlesAreTypedErrors() throws IOException {
        Path traversal = bundle("up.tar.gz", file("../../edm.onnx", onnx()), file("edm.json", card()));
        assertTrue(assertThrows(ModelBundleException.class, () -> OnnxDenoiser.load(traversal)).getMessage()
                .contains("outside the archive"));

        TestArchives.Item[] many = new TestArchives.Item[ModelBundle.MAX_ENTRIES + 1];
        many[0] = file("edm.onnx", onnx());
        many[1] = file("edm.json", card());
        for (int i = 2; i < many.length; i++) {
            many[i] = folder("d" + i + "/");
        }
        Path crowded = bundle("many.zip", many);
        assertTrue(assertThrows(ModelBundleException.class, () -> OnnxDenoiser.load(crowded)).getMessage()
                .contains("more than " + ModelBundle.MAX_ENTRIES + " entries"));

        byte[] whole = Files.readAllBytes(bundle("whole.tar.gz", file("edm.onnx", onnx()), file("edm.json", card())));
        Path truncated = Files.write(dir.resolve("cut.tar.gz"), Arrays.copyOf(whole, whole.length - 40));
        assertThrows(ModelBundleException.class, () -> OnnxDenoiser.load(truncated));

        byte[] otherCard = Files.readAllBytes(TinyModels.card(TinyModels.EPS_VP));
        Path mismatched = bundle("other.tar", file("edm.onnx", onnx()), file("vp.json", otherCard));
        OnnxModelException wrong = assertThrows(OnnxModelException.class, () -> OnnxDenoiser.load(mismatched));
        assertFalse(wrong instanceof ModelBundleException, "the archive is fine; the card is another model's");
        assertTrue(wrong.getMessage().contains("SHA-256"), wrong.getMessage());

        Path badJson = bundle("bad.zip", file("edm.onnx", onnx()), file("edm.json", "{\"cardVersion\": 1,"));
        ModelCardException card = assertThrows(ModelCardException.class, () -> OnnxDenoiser.load(badJson));
        assertTrue(card.getMessage().contains(badJson + "!edm.json"), card.getMessage());
    }

    @Test
    void aModelWithoutItsCardOrWithoutAFileIsRefusedByName() throws IOException {
        Path alone = Files.write(dir.resolve("alone.onnx"), onnx());
        ModelCardException noCard = assertThrows(ModelCardException.class, () -> OnnxDenoiser.load(alone));
        assertTrue(noCard.getMessage().contains("alone.json") && noCard.getMessage().contains("does not exist"),
                noCard.getMessage());
        assertThrows(NoSuchFileException.class, () -> OnnxDenoiser.load(dir.resolve("none.tar.gz")));
        Files.createDirectories(dir.resolve("folder.zip"));
        NoSuchFileException folder = assertThrows(NoSuchFileException.class,
                () -> OnnxDenoiser.load(dir.resolve("folder.zip")));
        assertTrue(folder.getMessage().contains("directory"), folder.getMessage());
    }
}
