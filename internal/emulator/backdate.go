package emulator

import "time"

// BackdateJob makes a stored job look created age ago, and by createdBy
// when it is not empty: a job an earlier, killed run or a person left on
// the tenant. It reports whether the job exists.
func (s *Server) BackdateJob(id string, age time.Duration, createdBy string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return false
	}
	j.createdAt, j.lastUpdateAt = time.Now().Add(-age), time.Now().Add(-age)
	if createdBy != "" {
		j.createdBy = createdBy
	}
	return true
}
