package dev.chatsessions.command.importing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a JVM of its own with a small heap by {@link ImportFileHeapTest}: reads the file given as the import does
 * (both passes: the check, then the conversations one by one) and prints what it read; with {@code tree} as second
 * argument it reads the file whole into a tree instead, which the same heap must not hold.
 */
public final class ImportFileUnderHeapLimit {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        ObjectMapper mapper = new ObjectMapper();
        if (args.length > 1 && args[1].equals("tree")) {
            System.out.println("nodes=" + mapper.readTree(file.toFile()).size());
            return;
        }
        long[] counts = new long[3];
        var importFile = new ImportFile(mapper, content -> null);
        for (int pass = 0; pass < 2; pass++) {
            try (InputStream in = Files.newInputStream(file)) {
                importFile.read(in, conversation -> {
                    counts[0]++;
                    counts[1] += conversation.messages().size();
                    conversation
                            .messages()
                            .forEach(m -> counts[2] += m.content().length());
                });
            }
        }
        System.out.println("conversations=" + counts[0] / 2 + " messages=" + counts[1] / 2 + " characters="
                + counts[2] / 2 + " maxHeap=" + Runtime.getRuntime().maxMemory());
    }
}
