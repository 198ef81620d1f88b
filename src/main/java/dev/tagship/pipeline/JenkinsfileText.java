package dev.tagship.pipeline;

import dev.tagship.core.TagshipException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Jenkinsfile's text, read as Jenkins reads it (UTF-8). Bytes that are not UTF-8, and NUL
 * characters (a text file has none; they come from a binary file or a broken editor), are refused
 * with the line and column where they are, rather than replaced or left to the parser.
 */
public final class JenkinsfileText {

  private JenkinsfileText() {}

  /**
   * @throws UnreadableException when the file is not UTF-8 text
   * @throws IOException when it cannot be read
   */
  public static String read(Path file) throws IOException {
    return decode(file, Files.readAllBytes(file));
  }

  /**
   * {@code bytes} as text.
   *
   * @param file names the file in messages
   */
  public static String decode(Path file, byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      String text = out.flip().toString();
      int bad = bytes[in.position()] & 0xff;
      throw new UnreadableException(
          file,
          text,
          text.length(),
          String.format(
              "byte 0x%02x is not UTF-8 text; save the Jenkinsfile as UTF-8, as Jenkins reads it",
              bad));
    }
    String text = out.flip().toString();
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      throw new UnreadableException(
          file,
          text,
          nul,
          "a NUL character, which a text file never holds; remove it (is this a binary file?)");
    }
    return text;
  }

  /** A Jenkinsfile that is not text: a usage error (exit code 2), with where and why. */
  public static final class UnreadableException extends TagshipException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    UnreadableException(Path file, String textBefore, int offset, String why) {
      this(file, lineOf(textBefore, offset), columnOf(textBefore, offset), why);
    }

    private UnreadableException(Path file, int line, int column, String why) {
      super(file + ": line " + line + ", column " + column + ": " + why, true, (Throwable) null);
      this.line = line;
      this.column = column;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }

    private static int lineOf(String text, int offset) {
      int line = 1;
      for (int i = 0; i < offset; i++) {
        if (text.charAt(i) == '\n') {
          line++;
        }
      }
      return line;
    }

    private static int columnOf(String text, int offset) {
      return offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1;
    }
  }
}
