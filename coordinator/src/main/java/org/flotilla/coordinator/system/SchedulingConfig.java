package org.flotilla.coordinator.system;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * The deadline scheduler and the clock. Deadline handlers only touch the database and hand tensor
 * work to the {@link TensorPool}, so they run on virtual threads.
 */
@Configuration
class SchedulingConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    SimpleAsyncTaskScheduler taskScheduler() {
        SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
        scheduler.setThreadNamePrefix("flotilla-deadline-");
        scheduler.setVirtualThreads(true);
        scheduler.setTaskTerminationTimeout(5_000);
        return scheduler;
    }
}
