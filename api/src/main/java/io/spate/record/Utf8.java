package io.spate.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 over {@link ByteBuffer}s without intermediate arrays: length, encode, hash and compare a
 * {@link String} against encoded bytes. Unpaired surrogates encode as {@code '?'} (as the JDK's
 * encoder does), so length, encode and hash always agree.
 */
public final class Utf8 {
    private static final int HASH_SEED = 0x9747b28c;

    private Utf8() {}

    /**
     * One pass over {@code s}: its encoded length in the high bits, and bit 0 set if every char is
     * ASCII (then the chars' low bytes are the encoding and can be bulk-copied).
     */
    public static long scan(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return (long) encodedLength(s) << 1;
            }
        }
        return ((long) n << 1) | 1;
    }

    /** The number of bytes {@link #encode} writes for {@code s}. */
    public static int encodedLength(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c)
                        && i + 1 < n
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // 4 bytes for 2 chars
                    i++;
                } else if (Character.isSurrogate(c)) {
                    // unpaired surrogate -> '?' (1 byte), already counted
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /** Writes {@code s} as UTF-8 at absolute {@code pos}; returns the position after it. */
    public static int encode(String s, ByteBuffer dst, int pos) {
        int n = s.length();
        int i = 0;
        // ASCII fast path: the common case for keys and words.
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            dst.put(pos++, (byte) c);
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                dst.put(pos++, (byte) c);
            } else if (c < 0x800) {
                dst.put(pos++, (byte) (0xC0 | (c >> 6)));
                dst.put(pos++, (byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < n
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                dst.put(pos++, (byte) (0xF0 | (cp >> 18)));
                dst.put(pos++, (byte) (0x80 | ((cp >> 12) & 0x3F)));
                dst.put(pos++, (byte) (0x80 | ((cp >> 6) & 0x3F)));
                dst.put(pos++, (byte) (0x80 | (cp & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                dst.put(pos++, (byte) '?');
            } else {
                dst.put(pos++, (byte) (0xE0 | (c >> 12)));
                dst.put(pos++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                dst.put(pos++, (byte) (0x80 | (c & 0x3F)));
            }
        }
        return pos;
    }

    /**
     * The offset of the first byte at {@code offset} that is not well-formed UTF-8 (Unicode 15
     * table 3-7: no overlong forms, no encoded surrogates, nothing above U+10FFFF, no truncated
     * sequence), or -1 if all {@code length} bytes are. Exactly the bytes {@link #decode} turns
     * into text without replacement characters, so a view of valid bytes hashes, compares and
     * copies as the String it decodes to.
     */
    public static int firstMalformed(ByteBuffer src, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int b = src.get(i);
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int n;
            int lo = 0x80;
            int hi = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                n = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                n = 2;
                if (b == 0xE0) {
                    lo = 0xA0; // overlong
                } else if (b == 0xED) {
                    hi = 0x9F; // surrogates
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                n = 3;
                if (b == 0xF0) {
                    lo = 0x90; // overlong
                } else if (b == 0xF4) {
                    hi = 0x8F; // above U+10FFFF
                }
            } else {
                return i;
            }
            if (i + n >= end) {
                return i; // truncated sequence
            }
            int c = src.get(i + 1) & 0xFF;
            if (c < lo || c > hi) {
                return i;
            }
            for (int k = 2; k <= n; k++) {
                if ((src.get(i + k) & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += n + 1;
        }
        return -1;
    }

    /** Decodes {@code length} bytes at absolute {@code offset}; allocates the String. */
    public static String decode(ByteBuffer src, int offset, int length) {
        byte[] bytes = new byte[length];
        src.get(offset, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Hash of the UTF-8 bytes at {@code offset}; equal to {@link #hash(String)} of the same text.
     */
    public static int hash(ByteBuffer src, int offset, int length) {
        int h = HASH_SEED;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            h = (h ^ (src.get(i) & 0xFF)) * 0x01000193;
        }
        return Hashing.fmix32(h ^ length);
    }

    /** Hash of the UTF-8 encoding of {@code s}, computed from its chars without encoding it. */
    public static int hash(String s) {
        int h = HASH_SEED;
        int n = s.length();
        int length = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                h = (h ^ c) * 0x01000193;
                length++;
            } else if (c < 0x800) {
                h = (h ^ (0xC0 | (c >> 6))) * 0x01000193;
                h = (h ^ (0x80 | (c & 0x3F))) * 0x01000193;
                length += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < n
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                h = (h ^ (0xF0 | (cp >> 18))) * 0x01000193;
                h = (h ^ (0x80 | ((cp >> 12) & 0x3F))) * 0x01000193;
                h = (h ^ (0x80 | ((cp >> 6) & 0x3F))) * 0x01000193;
                h = (h ^ (0x80 | (cp & 0x3F))) * 0x01000193;
                length += 4;
            } else if (Character.isSurrogate(c)) {
                h = (h ^ '?') * 0x01000193;
                length++;
            } else {
                h = (h ^ (0xE0 | (c >> 12))) * 0x01000193;
                h = (h ^ (0x80 | ((c >> 6) & 0x3F))) * 0x01000193;
                h = (h ^ (0x80 | (c & 0x3F))) * 0x01000193;
                length += 3;
            }
        }
        return Hashing.fmix32(h ^ length);
    }

    /**
     * Whether the UTF-8 bytes at {@code offset} spell {@code s} (ASCII compared without decoding).
     */
    public static boolean equals(ByteBuffer src, int offset, int length, String s) {
        int n = s.length();
        if (length < n) {
            return false; // UTF-8 never has fewer bytes than UTF-16 chars
        }
        if (length == n) {
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    return decode(src, offset, length).equals(s);
                }
                if (src.get(offset + i) != (byte) c) {
                    return false;
                }
            }
            return true;
        }
        return encodedLength(s) == length && decode(src, offset, length).equals(s);
    }
}
