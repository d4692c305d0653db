/** What a vehicle saw since its last cardata: the interval's peaks and averages. */
export class ReportWindow {
  seconds = 0;
  metres = 0;
  maxSpeedKmh = 0;
  maxThrottle = 0;
  throttleSeconds = 0;
  longitudinal = 0;
  lateral = 0;

  add(
    seconds: number,
    metres: number,
    speedKmh: number,
    throttle: number,
    longitudinal: number,
    lateral: number,
  ) {
    this.seconds += seconds;
    this.metres += metres;
    this.maxSpeedKmh = Math.max(this.maxSpeedKmh, speedKmh);
    this.maxThrottle = Math.max(this.maxThrottle, throttle);
    this.throttleSeconds += throttle * seconds;
    // The peak of each axis keeps its sign: braking is negative, a left turn negative.
    if (Math.abs(longitudinal) > Math.abs(this.longitudinal)) this.longitudinal = longitudinal;
    if (Math.abs(lateral) > Math.abs(this.lateral)) this.lateral = lateral;
  }
}
