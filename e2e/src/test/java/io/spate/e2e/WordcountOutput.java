package io.spate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What a Words → KeyBy → RunningCount → WriteToFiles job must write, computed independently. */
final class WordcountOutput {

    private WordcountOutput() {}

    /**
     * c(word) for every word of Words{count, vocabulary}: record i is "w" + (i * 2654435761 mod v).
     */
    static Map<String, Long> expectedCounts(long count, int vocabulary) {
        Map<String, Long> expected = new HashMap<>();
        BigInteger factor = BigInteger.valueOf(2654435761L);
        BigInteger v = BigInteger.valueOf(vocabulary);
        for (long i = 0; i < count; i++) {
            String w = "w" + BigInteger.valueOf(i).multiply(factor).mod(v).longValueExact();
            expected.merge(w, 1L, Long::sum);
        }
        return expected;
    }

    /** Committed files (names starting with neither '.' nor '_'), CSV lines "word,count". */
    static Map<String, List<Long>> readCounts(Path dir) throws IOException {
        Map<String, List<Long>> counts = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f :
                    files.filter(
                                    p ->
                                            !p.getFileName().toString().startsWith(".")
                                                    && !p.getFileName().toString().startsWith("_"))
                            .toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    int comma = line.lastIndexOf(',');
                    counts.computeIfAbsent(line.substring(0, comma), k -> new ArrayList<>())
                            .add(Long.parseLong(line.substring(comma + 1).trim()));
                }
            }
        }
        return counts;
    }

    /** Every word's emitted counts are exactly 1..c(word): nothing lost, nothing twice. */
    static void assertExactlyOnce(Map<String, Long> expected, Map<String, List<Long>> emitted) {
        assertThat(emitted.keySet()).isEqualTo(expected.keySet());
        expected.forEach(
                (word, c) -> {
                    List<Long> counts = emitted.get(word);
                    counts.sort(null);
                    if (counts.size() != c) {
                        throw new AssertionError(
                                word
                                        + ": expected 1.."
                                        + c
                                        + " ("
                                        + c
                                        + " lines) but got "
                                        + counts.size()
                                        + " lines: "
                                        + abbreviate(counts));
                    }
                    for (int k = 0; k < counts.size(); k++) {
                        if (counts.get(k) != k + 1) {
                            throw new AssertionError(
                                    word + ": expected 1.." + c + " but got " + abbreviate(counts));
                        }
                    }
                });
    }

    private static String abbreviate(List<Long> counts) {
        return counts.size() <= 40
                ? counts.toString()
                : counts.subList(0, 40) + "... (" + counts.size() + ")";
    }
}
