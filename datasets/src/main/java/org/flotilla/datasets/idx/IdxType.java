package org.flotilla.datasets.idx;

import java.util.Optional;

/** IDX element types: the third byte of the magic number, and the element size in bytes. */
public enum IdxType {
    /** Unsigned byte, 0..255 (images and labels of the MNIST family). */
    UBYTE(0x08, 1),
    /** Signed byte. */
    BYTE(0x09, 1),
    /** Signed 16-bit integer. */
    SHORT(0x0B, 2),
    /** Signed 32-bit integer. */
    INT(0x0C, 4),
    /** IEEE 754 32-bit float. */
    FLOAT(0x0D, 4),
    /** IEEE 754 64-bit float. */
    DOUBLE(0x0E, 8);

    private final int code;
    private final int size;

    IdxType(int code, int size) {
        this.code = code;
        this.size = size;
    }

    /** The type code stored in the header. */
    public int code() {
        return code;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** Whether the elements are integers (and can be read as labels). */
    public boolean isInteger() {
        return this != FLOAT && this != DOUBLE;
    }

    /** The type with this header code, if any. */
    public static Optional<IdxType> ofCode(int code) {
        for (IdxType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
