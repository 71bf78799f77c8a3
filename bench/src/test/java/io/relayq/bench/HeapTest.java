package io.relayq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapTest {

  @Test
  void sumsTheGenerationsOfASerialHeap() {
    String serial = """
        17443:
        DefNew     total 116224K, used 43514K [0x0000000687400000, 0x000000068f210000, 0x0000000704d50000)
         eden space 103360K,  42% used [0x0000000687400000, 0x0000000689e7e898, 0x000000068d8f0000)
         from space 12864K,   0% used [0x000000068d8f0000, 0x000000068d8f0000, 0x000000068e580000)
        Tenured    total 258048K, used 8106K [0x0000000704d50000, 0x0000000714950000, 0x0000000800000000)
         the  space 258048K,   3% used [0x0000000704d50000, 0x000000070553aaf8, 0x0000000714950000)
         Metaspace       used 20480K, committed 20736K, reserved 1114112K
        """;

    assertThat(Heap.parse(serial)).hasValue((43514 + 8106) / 1024.0);
  }

  @Test
  void readsTheOneHeapLineOfG1() {
    String g1 = """
        4242:
         garbage-first heap   total 262144K, used 10240K [0x0000000700000000, 0x0000000800000000)
          region size 1024K, 9 young (9216K), 0 survivors (0K)
         Metaspace       used 1024K, committed 1280K, reserved 1114112K
        """;

    assertThat(Heap.parse(g1)).hasValue(10.0);
  }

  @Test
  void outputWithoutAHeapLineGivesNoFigure() {
    assertThat(Heap.parse("4242:\nAttachNotSupportedException: no such process")).isEmpty();
  }
}
