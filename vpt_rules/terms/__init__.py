"""Terms on the calendar: hours on the clock, working days, the Algemene termijnenwet."""
