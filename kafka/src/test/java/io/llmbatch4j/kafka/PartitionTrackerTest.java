package io.llmbatch4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionTrackerTest {

    private final PartitionTracker tracker = new PartitionTracker(new TopicPartition("in", 0));

    @Test
    void nothingPolledNothingToCommit() {
        assertThat(tracker.committable()).isEqualTo(-1);
    }

    @Test
    void outOfOrderCompletionCommitsOnlyBelowTheLowestUnfinishedRecord() {
        for (long o = 10; o < 15; o++) {
            tracker.register(o);
        }
        tracker.settle(11, true);
        tracker.settle(13, true);
        assertThat(tracker.committable()).isEqualTo(10);
        tracker.settle(10, true);
        assertThat(tracker.committable()).isEqualTo(12);
        tracker.settle(12, true);
        tracker.settle(14, true);
        assertThat(tracker.committable()).isEqualTo(15);
        assertThat(tracker.outstanding()).isZero();
    }

    @Test
    void gapsInOffsetsDoNotHoldTheCommitBack() {
        tracker.register(3);
        tracker.register(7); // 4..6 compacted away or transaction markers
        tracker.settle(3, true);
        tracker.settle(7, true);
        assertThat(tracker.committable()).isEqualTo(8);
    }

    @Test
    void aGivenUpRecordIsNoLongerWaitedForButTheCommitNeverPassesIt() {
        tracker.register(0);
        tracker.register(1);
        tracker.register(2);
        tracker.settle(1, false);
        tracker.settle(0, true);
        tracker.settle(2, true);
        assertThat(tracker.outstanding()).isZero();
        assertThat(tracker.committable()).isEqualTo(1);
    }

    @Test
    void aSecondReportOfOneRecordCountsOnce() {
        tracker.register(0);
        tracker.register(1);
        assertThat(tracker.settle(0, true)).isTrue();
        assertThat(tracker.settle(0, true)).isFalse();
        assertThat(tracker.settle(5, true)).isFalse();
        assertThat(tracker.outstanding()).isEqualTo(1);
    }

    @Test
    void aCommittedOffsetIsNotOfferedAgain() {
        tracker.register(0);
        tracker.settle(0, true);
        tracker.committed(1);
        assertThat(tracker.committable()).isEqualTo(-1);
        tracker.register(1);
        assertThat(tracker.committable()).isEqualTo(-1);
        tracker.settle(1, true);
        assertThat(tracker.committable()).isEqualTo(2);
    }
}
