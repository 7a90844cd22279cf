package dev.chatsessions.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One workload's figures: operations in the measured window, errors, and the latency histogram (microseconds). */
record Result(
        String name,
        int clients,
        long count,
        long errors,
        double seconds,
        Histogram micros,
        Map<String, Object> extra) {

    Result {
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    double throughputPerSecond() {
        return seconds <= 0 ? 0 : count / seconds;
    }

    double percentileMillis(double percentile) {
        return micros.getTotalCount() == 0 ? Double.NaN : micros.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
        return micros.getTotalCount() == 0 ? Double.NaN : micros.getMaxValue() / 1000.0;
    }

    double meanMillis() {
        return micros.getTotalCount() == 0 ? Double.NaN : micros.getMean() / 1000.0;
    }

    Result with(String key, Object value) {
        extra.put(key, value);
        return this;
    }
}
