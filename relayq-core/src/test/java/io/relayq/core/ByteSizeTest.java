package io.relayq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
  @Test
  void parsesTheWaysPeopleWriteSizes() {
    assertThat(ByteSize.parse("4096")).isEqualTo(4096);
    assertThat(ByteSize.parse("512M")).isEqualTo(512L * 1024 * 1024);
    assertThat(ByteSize.parse("2g")).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(ByteSize.parse("1.5GiB")).isEqualTo(3L * 512 * 1024 * 1024);
    assertThat(ByteSize.parse(" 64 KB ")).isEqualTo(64L * 1024);
  }

  @Test
  void refusesWhatIsNotASize() {
    assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("not a size");
    assertThatThrownBy(() -> ByteSize.parse("-1G")).hasMessageContaining("not a size");
    assertThatThrownBy(() -> ByteSize.parse("5X")).hasMessageContaining("not a size");
  }

  @Test
  void formatsForPeople() {
    assertThat(ByteSize.format(512)).isEqualTo("512 B");
    assertThat(ByteSize.format(812L * 1024 * 1024)).isEqualTo("812 MiB");
    assertThat(ByteSize.format(3_435_973_837L)).isEqualTo("3.2 GiB");
  }
}
